export default definePageConfig({ navigationBarTitleText: '发起呼叫' });
