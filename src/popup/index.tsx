/** Popup entry point: renders the popup for `?tab=<id>` or the active tab. */
import { browserEnv } from '../ui/browser-env.ts';
import { mount } from '../ui/mount.tsx';
import { tabFromQuery } from '../ui/tab-param.ts';
import { Popup } from './Popup.tsx';

mount(<Popup tabId={tabFromQuery(location.search)} />, browserEnv());
