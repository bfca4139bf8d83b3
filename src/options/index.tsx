/** Options (and welcome) page entry point. */
import { mount } from '../ui/mount.tsx';
import { Options } from './Options.tsx';

mount(<Options />);
