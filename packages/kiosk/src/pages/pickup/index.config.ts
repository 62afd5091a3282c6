export default definePageConfig({ navigationBarTitleText: '取件' });
