import Taro from '@tarojs/taro';
import { Frame } from '../../components/Frame';
import { BackIcon, ClockIcon, HelpCallIcon } from '../../components/Icons';
import { goHome } from '../../nav';
import { cachedContext } from '../../terminal';

const FEATURES: Record<string, string> = {
  call: '呼叫帮助',
  sos: '紧急求助',
};

/** A feature that is not built yet: say so plainly, give the hotline, and a way back. No pop-up. */
export default function SoonPage() {
  const key = Taro.getCurrentInstance().router?.params?.feature ?? '';
  const name = FEATURES[key] ?? '此功能';
  const hotline = cachedContext()?.community.hotline;
  const sos = key === 'sos';
  const speech = `${name}：此功能即将开通。${hotline ? `${sos ? '如有紧急情况请拨打 1 2 0 或 1 1 0，' : ''}需要帮助请拨打服务热线 ${hotline}。` : ''}`;

  return (
    <Frame title={name} speech={speech}>
      <section className="panel panel--center">
        <span className="panel__icon">
          <ClockIcon size={120} />
        </span>
        <p className="panel__title" data-testid="coming-soon">
          此功能即将开通
        </p>
        {sos && <p className="panel__text panel__text--strong">如有紧急情况，请直接拨打 120（急救）或 110（报警）。</p>}
        {hotline && (
          <p className="panel__text">
            <HelpCallIcon size={32} /> 需要帮助请拨打服务热线 <strong>{hotline}</strong>
          </p>
        )}
        <button type="button" className="kbtn kbtn--primary kbtn--wide" onClick={goHome}>
          <BackIcon size={40} />
          <span>返回首页</span>
        </button>
      </section>
    </Frame>
  );
}
