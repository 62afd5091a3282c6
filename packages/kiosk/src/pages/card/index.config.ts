export default definePageConfig({ navigationBarTitleText: '刷卡登录' });
