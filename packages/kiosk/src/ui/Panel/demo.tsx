import { CheckCircleIcon } from '../../components/Icons';
import { Panel } from './index';

/** A centred panel with a green picture, and a left-aligned one. */
export function Demo() {
  return (
    <>
      <Panel center icon={<CheckCircleIcon size={120} />} iconTone="ok">
        <p className="panel__title">已收到您的求助</p>
        <p className="panel__text">工作人员马上就到</p>
      </Panel>
      <Panel>
        <p className="panel__text">左对齐的面板：一段列表或说明</p>
      </Panel>
    </>
  );
}
