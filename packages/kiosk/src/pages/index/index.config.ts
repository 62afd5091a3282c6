export default definePageConfig({ navigationBarTitleText: '社区便民服务终端' });
