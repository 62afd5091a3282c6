export default definePageConfig({ navigationBarTitleText: '社区运营' });
