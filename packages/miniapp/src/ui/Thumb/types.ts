export type ThumbSize = 'xs' | 'sm' | 'md' | 'lg';

export interface ThumbProps {
  /** What the photo shows, read by screen readers (axe image-alt): usually the product's name. Required. */
  alt: string;
  /** Uploaded path or full URL; none → a tile with the first character of `alt`. */
  url?: string | null;
  /** xs 96, sm 120, md 180 design px square; lg is the full width of its box. */
  size?: ThumbSize;
  /** Words under the character on a tile without a photo (a category's name); not shown on xs/sm. */
  label?: string;
  /** Tiles with the same key get the same soft tint (a product's top category), so a category looks alike. */
  tintKey?: string;
  className?: string;
}
