export default definePageConfig({ navigationBarTitleText: '农户工作台' });
