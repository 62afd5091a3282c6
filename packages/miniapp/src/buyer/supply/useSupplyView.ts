import { useState } from 'react';
import { agriMatchRoutes, agriPostRoutes, type AgriInquiry } from '@cc/shared';
import type { ReportReason } from '../../farmer/lib/agri';
import { call, errorMessage } from '../../api';
import { toastProblem } from '../../ui';
import { useLoaded } from '../../farmer/lib/hooks';

/** One supply post seen by a buyer: the post, my inquiry thread on it (if any), sending and reporting. */
export function useSupplyView(id: string) {
  const loaded = useLoaded(async () => {
    const [post, threads] = await Promise.all([
      call(agriPostRoutes.getAgriPost, { params: { post_id: id }, query: {} }),
      call(agriMatchRoutes.listMyAgriInquiries, { query: { side: 'buyer', post_id: id, limit: 1 } }),
    ]);
    return { post, thread: threads.items[0] ?? null };
  }, [id]);
  const [reported, setReported] = useState<string | null>(null);
  const setThread = (thread: AgriInquiry) =>
    loaded.setState((s) => (s.kind === 'ready' ? { kind: 'ready', data: { ...s.data, thread } } : s));

  /** The first message opens the thread; later ones reply in it. True when sent. */
  const send = async (text: string): Promise<boolean> => {
    const thread = loaded.state.kind === 'ready' ? loaded.state.data.thread : null;
    try {
      setThread(
        thread
          ? await call(agriMatchRoutes.replyAgriInquiry, { params: { inquiry_id: thread.id }, body: { text } })
          : await call(agriMatchRoutes.sendAgriInquiry, { params: { post_id: id }, body: { text } }),
      );
      return true;
    } catch (e) {
      toastProblem(e);
      return false;
    }
  };
  const report = async (reason: ReportReason, note: string): Promise<boolean> => {
    try {
      await call(agriPostRoutes.reportAgriPost, { params: { post_id: id }, body: { reason, ...(note ? { note } : {}) } });
      setReported('已举报，服务站会核实处理');
      return true;
    } catch (e) {
      setReported(errorMessage(e));
      return false;
    }
  };
  return { ...loaded, send, report, reported, setThread };
}
