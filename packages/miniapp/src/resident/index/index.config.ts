export default definePageConfig({ navigationBarTitleText: '居民服务' });
