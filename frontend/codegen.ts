// GraphQL Code Generator: types for the operations in src/ from the server's schema.
// The output in src/gql/ is committed; `npm run check-codegen` fails when it drifts.
// CODEGEN_OUT lets the drift check generate into a temporary directory instead.
import type { CodegenConfig } from '@graphql-codegen/cli';

const out = process.env.CODEGEN_OUT ?? './src/gql/';

const config: CodegenConfig = {
  schema: '../graph/schema/*.graphqls',
  documents: ['src/**/*.{ts,tsx}', '!src/gql/**/*'],
  ignoreNoDocuments: false,
  generates: {
    [out]: {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: {
        documentMode: 'string',
        enumsAsTypes: true,
        useTypeImports: true,
        scalars: { Time: 'string' },
        skipTypename: true,
      },
    },
  },
};

export default config;
