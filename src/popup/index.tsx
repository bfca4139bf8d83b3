/** Popup entry point: renders the popup for `?tab=<id>` or the active tab. */
import { browserEnv } from '../ui/browser-env.ts';
import { mount } from '../ui/mount.tsx';
import { Popup } from './Popup.tsx';
import { tabFromQuery } from './tab-param.ts';

mount(<Popup tabId={tabFromQuery(location.search)} />, browserEnv());
