import Taro from '@tarojs/taro';
import { Button } from '@nutui/nutui-react-taro';
import { Notice } from '../Notice';
import { problemWords } from './words';

export { problemWords, PROBLEM_WORDS } from './words';

export interface ErrorNoticeProps {
  /** What was thrown: an ApiError, a network failure, anything. */
  error: unknown;
  title?: string;
  onRetry?: () => void;
  className?: string;
}

/**
 * The one way a page shows a failure inline (issue 12 item 7): the plain words of problemWords(), the same on every
 * page — 请求太频繁 for a rate limit, 网络连接失败 when the request never arrived, the API's own title for 4xx.
 */
export function ErrorNotice({ error, title, onRetry, className = '' }: ErrorNoticeProps) {
  return (
    <Notice tone="danger" title={title} className={`cc-error ${className}`} testid="error-notice">
      {problemWords(error)}
      {onRetry && (
        <Button size="small" fill="outline" type="danger" onClick={onRetry}>
          重试
        </Button>
      )}
    </Notice>
  );
}

/** The same words as a toast, for failures of a tap that leave the page as it was. */
export function toastProblem(error: unknown): void {
  void Taro.showToast({ title: problemWords(error), icon: 'none', duration: 3000 });
}
