import { isAppUrl } from './app-origin.ts';
import type { IpcMainInvokeEventLike } from './electron-api.ts';

/**
 * Why a message must be refused, or null when it comes from the app's own page: the sending frame must still exist,
 * be a top frame (not an iframe) and show a page of assay://app/; when `trusted` is given, the sending
 * webContents must be one of the app's windows.
 */
export function senderRefusal(event: IpcMainInvokeEventLike, trusted?: (webContentsId: number) => boolean): string | null {
  const frame = event.senderFrame;
  if (!frame) return 'The calling page is gone.';
  if (frame.parent !== null) return 'Calls are accepted from the app\'s top frame only, not from an embedded frame.';
  if (!isAppUrl(frame.url)) return `Calls are accepted from the app's own pages only, not from "${frame.url}".`;
  if (trusted && !trusted(event.sender.id)) return 'Calls are accepted from the app\'s own window only.';
  return null;
}
