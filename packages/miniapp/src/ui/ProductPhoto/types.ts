export interface ProductPhotoProps {
  /** The product's name: the photo's alt text and the placeholder's name. */
  name: string;
  /** The first photo's URL (as the API gives it), or null/undefined when the seller has uploaded none. */
  url?: string | null | undefined;
  /** The box: sm 120, md 176, lg the full width at 1:1 (design px). */
  size?: 'sm' | 'md' | 'lg';
  className?: string;
}
