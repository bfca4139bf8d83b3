/** Side panel entry point. */
import { mount } from '../ui/mount.tsx';
import { SidePanel } from './SidePanel.tsx';

mount(<SidePanel />);
