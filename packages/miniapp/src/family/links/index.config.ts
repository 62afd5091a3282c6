export default definePageConfig({ navigationBarTitleText: '关联家人' });
