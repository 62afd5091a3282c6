import { Text } from '@tarojs/components';
import { statusWord, type Lifecycle, type ProductStatus, type STATUS_WORDS, type StatusViewer } from '@cc/shared';
import { PRODUCT_STATUS_WORDS } from './product';
import './index.css';

export { PRODUCT_STATUS_NAMES, PRODUCT_STATUS_WORDS } from './product';

export interface StatusTagProps<L extends Lifecycle> {
  lifecycle: L;
  status: keyof (typeof STATUS_WORDS)[L] & string;
  /** Adds this viewer's next step after the tag, when there is one. */
  viewer?: StatusViewer;
}

/**
 * A status as its one word from '@cc/shared' (issue 12 item 4): the same word for the resident, the seller and the
 * station; the colour is the tone's token and only repeats what the word says.
 */
export function StatusTag<L extends Lifecycle>({ lifecycle, status, viewer }: StatusTagProps<L>) {
  const w = statusWord(lifecycle, status, viewer);
  return (
    <>
      <Text
        className={`cc-status cc-status--${w.tone} ${lifecycle}-status ${lifecycle}-status--${status}`}
        data-testid={`${lifecycle}-status`}
        data-status={status}
      >
        {w.word}
      </Text>
      {w.next && <Text className="cc-status__next">{w.next}</Text>}
    </>
  );
}

/** A product's state (草稿, 在售, 已下架, 被隐藏) as the same kind of tag. */
export function ProductStatusTag({ status }: { status: ProductStatus }) {
  const w = PRODUCT_STATUS_WORDS[status];
  return (
    <Text
      className={`cc-status cc-status--${w.tone} product-status product-status--${status}`}
      data-testid="product-status"
      data-status={status}
    >
      {w.word}
    </Text>
  );
}
