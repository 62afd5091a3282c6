export default definePageConfig({ navigationBarTitleText: '热线代录' });
