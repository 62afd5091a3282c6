import { appConfig } from '../config';

/** Uploaded photos and files are paths on the API host; full URLs pass through. The one helper for every image. */
export function photoUrl(url: string): string {
  return /^https?:/.test(url) ? url : `${appConfig().apiBaseUrl.replace(/\/+$/, '')}${url}`;
}
