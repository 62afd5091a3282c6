import { Frame } from '../../components/Frame';
import { BackIcon } from '../../components/Icons';
import { goHome } from '../../nav';
import { cachedContext } from '../../terminal';

const STEPS = [
  '在首页点大按钮，就能办理对应的事情。',
  '刷卡登录：把市民卡放到读卡器上，再在屏幕上输入 6 位密码，点“确认”。',
  '查询余额：登录后就能看到余额和最近五笔支付；用完请点“退出”。',
  '呼叫帮助：刷卡登录后，按一下需要的服务（比如“水电维修”），服务站就会按您登记的住址打电话联系您。',
  '紧急求助：不用刷卡，按“确认求助”，服务站的值班人员马上就会收到；危及生命请拨打 120。',
  '密码忘了或卡丢了，可以在微信小程序“市民卡钱包”里修改密码、挂失，或请服务站帮忙。',
  '点右上角“朗读”，可以打开或关闭语音朗读。',
  '一段时间不操作，屏幕会提醒您，然后回到首页。',
  '随时点左上角“返回首页”重新开始。',
];

export default function HelpPage() {
  const ctx = cachedContext();
  const hotline = ctx?.community.hotline;
  const station = ctx?.station?.name;
  const speech = `使用帮助。${STEPS.join('')}${hotline ? `需要人工帮助，请拨打服务热线 ${hotline}` : ''}${station ? `，或到${station}。` : '。'}`;

  return (
    <Frame title="帮助" speech={speech}>
      <section className="panel">
        <ol className="steps">
          {STEPS.map((s) => (
            <li key={s}>{s}</li>
          ))}
        </ol>
        {hotline && (
          <p className="panel__text panel__text--strong">
            需要人工帮助，请拨打服务热线 <strong>{hotline}</strong>
            {station ? `，或到${station}。` : '。'}
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
