import { useState } from 'react';
import { PhotoRow } from './index';

/** Paths as the API gives them (the gallery's browser suite serves pictures there). */
const URLS = ['/files/demo/eggs.svg', '/files/demo/cabbage.svg', '/files/demo/honey.svg'];

/** A row that can be removed from and reordered, and one to look at only. */
export function Demo() {
  const [urls, setUrls] = useState(URLS);
  return (
    <>
      <PhotoRow
        urls={urls}
        onRemove={(i) => setUrls(urls.filter((_, j) => j !== i))}
        onMakeCover={(i) => setUrls([urls[i]!, ...urls.filter((_, j) => j !== i)])}
      />
      <PhotoRow urls={URLS.slice(0, 2)} />
    </>
  );
}
