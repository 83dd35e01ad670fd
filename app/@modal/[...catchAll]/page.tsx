/**
 * Every URL the detail dialog does not intercept renders no modal. Without it, a soft navigation
 * away from an open dialog (its model or author link goes to `/?model=…`, rewritten to the feed head's
 * edition) would keep the slot's last page, and the dialog would stay open over the filtered feed.
 */
export default function NoModal() {
  return null;
}
