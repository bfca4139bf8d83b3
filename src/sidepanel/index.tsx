/** Side panel entry point. */
import { mount } from '../ui/mount.tsx';
import { browserApi } from './api.ts';
import { SidePanel } from './SidePanel.tsx';

mount(<SidePanel api={browserApi()} />);
