import { useState } from 'react';
import { PhotoPicker, type AttachedPhoto } from './index';

/** Empty, then two photos already attached with the cover marked (picking uploads, so it needs a session). */
export function Demo() {
  const [none, setNone] = useState<AttachedPhoto[]>([]);
  const [two, setTwo] = useState<AttachedPhoto[]>([
    { id: 'demo-1', url: '/files/demo/eggs.svg' },
    { id: 'demo-2', url: '/files/demo/honey.svg' },
  ]);
  return (
    <>
      <PhotoPicker value={none} onChange={setNone} />
      <PhotoPicker value={two} onChange={setTwo} cover max={3} />
    </>
  );
}
