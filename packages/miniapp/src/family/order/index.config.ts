export default definePageConfig({ navigationBarTitleText: '为家人下单' });
