import { Text } from '@tarojs/components';
import { statusWord, type Lifecycle, type STATUS_WORDS, type StatusViewer } from '@cc/shared';
import './index.css';

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
