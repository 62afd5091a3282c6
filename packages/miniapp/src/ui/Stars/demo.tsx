import { useState } from 'react';
import { Stars } from './index';

/** None chosen: Tab reaches the first star, → lights the next; the words of the choice follow. */
export function Demo() {
  const [n, setN] = useState(0);
  return <Stars label="演示评分" value={n} onChange={setN} starClass="demo-star" />;
}
