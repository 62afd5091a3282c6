export default definePageConfig({ navigationBarTitleText: '终端设置' });
