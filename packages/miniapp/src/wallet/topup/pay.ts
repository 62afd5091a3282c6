import Taro from '@tarojs/taro';

/** H5 demo: the person "pays" in the local WeChat Pay simulator, which then notifies the API like WeChat Pay would. */
export async function payInSimulator(simUrl: string, prepayId: string): Promise<void> {
  const res = await Taro.request<{ code?: string; message?: string }>({
    url: `${simUrl.replace(/\/$/, '')}/sim/pay`,
    method: 'POST',
    header: { 'content-type': 'application/json' },
    data: JSON.stringify({ prepay_id: prepayId }),
    dataType: 'json',
  });
  if (res.statusCode !== 200) throw new Error(res.data?.message ?? 'simulator refused');
}

/** weapp: WeChat Pay's own sheet. Answers null when paid, else the words for the person. */
export async function payInWechat(pay_params: {
  timeStamp: string;
  nonceStr: string;
  package: string;
  signType: 'RSA';
  paySign: string;
}): Promise<string | null> {
  try {
    await Taro.requestPayment({
      timeStamp: pay_params.timeStamp,
      nonceStr: pay_params.nonceStr,
      package: pay_params.package,
      signType: pay_params.signType,
      paySign: pay_params.paySign,
    });
    return null;
  } catch (e) {
    const msg = (e as { errMsg?: string } | null)?.errMsg ?? '';
    return msg.includes('cancel') ? '已取消支付，没有扣款。' : '微信支付没有完成，请稍后再试。';
  }
}
