/** Popup entry point. */
import { mount } from '../ui/mount.tsx';
import { Popup } from './Popup.tsx';

mount(<Popup />);
