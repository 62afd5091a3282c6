export default definePageConfig({ navigationBarTitleText: '我为家人下的单' });
