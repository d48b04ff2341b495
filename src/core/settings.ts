/** Keys of the user's settings in extension storage, shared by the worker and the options page. */

/** `storage.local` key: the online check of fresh entries is on unless this is `false`. */
export const ONLINE_CHECK_SETTING = 'onlineCheck';
