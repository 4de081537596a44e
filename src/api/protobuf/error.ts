// The one error protobuf decoding throws: the body is not a Kubernetes protobuf object kites can read.
// The API server answers it with 400 BadRequest, as upstream does for undecodable bodies.
export class ProtobufDecodeError extends Error {
  override readonly name = 'ProtobufDecodeError';
}
