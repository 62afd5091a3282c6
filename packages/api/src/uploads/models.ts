import { Schema, type Connection } from 'mongoose';
import { modelOn } from '../platform/db';

export interface UploadDoc {
  _id: string;
  owner_id: string;
  /** Random 128-bit hex, the blob key and the file's URL: ids are time-ordered, so they are not used in URLs. */
  key: string;
  content_type: 'image/jpeg' | 'image/png' | 'image/webp';
  size_bytes: number;
  sha256: string;
  created_at: Date;
}

const uploadSchema = new Schema<UploadDoc>(
  {
    _id: String,
    owner_id: { type: String, required: true, index: true },
    key: { type: String, required: true, unique: true },
    content_type: { type: String, required: true },
    size_bytes: { type: Number, required: true },
    sha256: { type: String, required: true },
    created_at: { type: Date, required: true },
  },
  { versionKey: false },
);

export function uploadModels(conn: Connection) {
  return { Upload: modelOn(conn, 'Upload', uploadSchema, 'uploads') };
}
