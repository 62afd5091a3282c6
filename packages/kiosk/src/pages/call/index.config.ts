export default definePageConfig({ navigationBarTitleText: '呼叫帮助' });
