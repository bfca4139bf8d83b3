/** Side panel entry point: follows `?tab=<id>` when given (tests), else the active tab. */
import { browserEnv } from '../ui/browser-env.ts';
import { mount } from '../ui/mount.tsx';
import { tabFromQuery } from '../ui/tab-param.ts';
import { SidePanel } from './SidePanel.tsx';

mount(<SidePanel tabId={tabFromQuery(location.search)} />, browserEnv());
