// aws-local-stepfunctions needs Promise.withResolvers (Node 22); CI and users may run Node 20.
import '../../local/promise-with-resolvers';
