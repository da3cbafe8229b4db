// GraphQL over HTTP from the test process, for setting up state the test is not about.
export async function gql(baseURL, query, variables = {}, token) {
  const res = await fetch(`${baseURL}/graphql`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = await res.json();
  if (body.errors?.length) throw new Error(`GraphQL: ${body.errors.map((e) => e.message).join('; ')}`);
  return body.data;
}

export async function logInToken(baseURL, { email, password }) {
  const data = await gql(
    baseURL,
    'mutation($input: LogInInput!) { logIn(input: $input) { session { accessToken } } }',
    { input: { email, password } },
  );
  return data.logIn.session.accessToken;
}
