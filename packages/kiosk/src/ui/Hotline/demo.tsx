import { HelpCallIcon } from '../../components/Icons';
import { HotlineBig, HotlineLine } from './index';

/** The hotline in a line of words (plain and strong) and in very large type. */
export function Demo() {
  return (
    <>
      <HotlineLine lead="服务热线" hotline="0571-8888 1234" icon={<HelpCallIcon size={32} />} />
      <HotlineLine strong lead="需要人工帮助，请拨打服务热线" hotline="0571-8888 1234" after="，或到益乐社区服务站" />
      <HotlineBig hotline="0571-8888 1234" testid="demo-hotline-big" />
    </>
  );
}
