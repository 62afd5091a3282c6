export default definePageConfig({ navigationBarTitleText: '配送费规则' });
