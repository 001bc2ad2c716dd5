// esbuild inlines .css files imported by the renderer as text (loader 'text' in esbuild.mjs).
declare module '*.css' {
  const text: string;
  export default text;
}
