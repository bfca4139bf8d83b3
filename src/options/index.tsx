/** Options (and welcome) page entry point. */
import { browserEnv } from '../ui/browser-env.ts';
import { mount } from '../ui/mount.tsx';
import { Options } from './Options.tsx';

mount(<Options />, browserEnv());
