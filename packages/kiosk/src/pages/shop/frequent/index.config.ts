export default definePageConfig({ navigationBarTitleText: '常买的' });
