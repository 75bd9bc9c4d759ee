/** The app's data folder (public/data, copied to the build's root) as an absolute URL ('' in Node). */
export function assetBase(): string {
  return typeof document === 'undefined' ? '' : new URL('data/', document.baseURI).href;
}
