export default definePageConfig({ navigationBarTitleText: '买家询价' });
