// Prettier, matching the house style: single quotes, semicolons, 2 spaces, trailing commas, and
// lines up to 140 characters (the limit the code keeps; of 120, 140 and 160, 140 reformats the
// fewest lines short of allowing longer ones). `npm run format` writes, `npm run format:check`
// checks; what is left alone, and why, is in .prettierignore.
export default {
  printWidth: 140,
  tabWidth: 2,
  useTabs: false,
  semi: true,
  singleQuote: true,
  jsxSingleQuote: false,
  quoteProps: 'as-needed',
  trailingComma: 'all',
  bracketSpacing: true,
  arrowParens: 'always',
  endOfLine: 'lf',
};
