export default definePageConfig({ navigationBarTitleText: '输入密码' });
