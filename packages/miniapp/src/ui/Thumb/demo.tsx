import { Thumb, type ThumbSize } from './index';

const SIZES: ThumbSize[] = ['xs', 'sm', 'md'];

/** Tiles without a photo in each size (the first character on the category's tint), and a labelled one. */
export function Demo() {
  return (
    <>
      {SIZES.map((size) => (
        <Thumb key={size} size={size} alt="高山土鸡蛋" tintKey="eggs" />
      ))}
      <Thumb size="md" alt="本地小白菜" label="蔬菜" tintKey="vegetables" />
    </>
  );
}
