// babel-preset-taro compiles TSX for both targets; babel-plugin-import pulls in only the NutUI components we use, with their CSS.
module.exports = {
  presets: [['taro', { framework: 'react', ts: true, compiler: 'webpack5' }]],
  plugins: [
    [
      'import',
      {
        libraryName: '@nutui/nutui-react-taro',
        camel2DashComponentName: false,
        customName: (name) => `@nutui/nutui-react-taro/dist/es/packages/${name.toLowerCase()}`,
        // Adds `<component path>/style/css`, which imports that component's compiled CSS.
        style: 'css',
      },
      'nutui-react-taro',
    ],
  ],
};
