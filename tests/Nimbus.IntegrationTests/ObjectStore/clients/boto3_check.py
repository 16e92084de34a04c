"""Drives Nimbus S3 with boto3 using only the profile `nimbus up` wrote (AWS_SHARED_CREDENTIALS_FILE/AWS_CONFIG_FILE).

Usage: boto3_check.py BUCKET WORKDIR. Prints one line per check and "boto3 ok" at the end; any failure raises.
"""
import base64
import hashlib
import os
import sys
import urllib.request

import boto3
import botocore
from boto3.s3.transfer import TransferConfig
from botocore.config import Config
from botocore.exceptions import ClientError

bucket, work = sys.argv[1], sys.argv[2]
session = boto3.session.Session(profile_name="nimbus")
endpoint = None
try:
    endpoint = session._session.get_scoped_config().get("endpoint_url")
except Exception:
    pass
# Older botocore (Debian 12's) does not read endpoint_url from the profile: pass it explicitly then.
s3 = session.client("s3", endpoint_url=endpoint or os.environ["NIMBUS_S3"], config=Config(s3={"addressing_style": "path"}, retries={"max_attempts": 1}))


def code(fn):
    try:
        fn()
    except ClientError as e:
        return e.response["Error"]["Code"]
    raise AssertionError("expected an error")


s3.create_bucket(Bucket=bucket)
print("create_bucket ok")

s3.put_object(Bucket=bucket, Key="hello.txt", Body=b"hello from boto3", Metadata={"who": "boto3"})
got = s3.get_object(Bucket=bucket, Key="hello.txt")
assert got["Body"].read() == b"hello from boto3"
assert got["Metadata"]["who"] == "boto3", got["Metadata"]
print("put/get ok")

assert code(lambda: s3.get_object(Bucket=bucket, Key="missing")) == "NoSuchKey"
assert code(lambda: s3.head_bucket(Bucket=bucket + "-nope")) in ("404", "NoSuchBucket")
print("errors ok")

# A multipart upload through the transfer manager: 12 MiB in 5 MiB parts.
path = os.path.join(work, "big.bin")
data = os.urandom(12 * 1024 * 1024)
with open(path, "wb") as f:
    f.write(data)
s3.upload_file(path, bucket, "big.bin", Config=TransferConfig(multipart_threshold=5 * 1024 * 1024, multipart_chunksize=5 * 1024 * 1024))
head = s3.head_object(Bucket=bucket, Key="big.bin")
assert head["ContentLength"] == len(data)
assert head["ETag"].endswith('-3"'), head["ETag"]
out = os.path.join(work, "big.out")
s3.download_file(bucket, "big.bin", out)
assert hashlib.sha256(open(out, "rb").read()).digest() == hashlib.sha256(data).digest()
print("multipart ok")

# SSE-C: the key travels with every request; a wrong key is refused.
key = os.urandom(32)
s3.put_object(Bucket=bucket, Key="ssec", Body=b"customer encrypted", SSECustomerAlgorithm="AES256", SSECustomerKey=key)
assert s3.get_object(Bucket=bucket, Key="ssec", SSECustomerAlgorithm="AES256", SSECustomerKey=key)["Body"].read() == b"customer encrypted"
assert code(lambda: s3.get_object(Bucket=bucket, Key="ssec", SSECustomerAlgorithm="AES256", SSECustomerKey=os.urandom(32))) in ("AccessDenied", "403")
assert code(lambda: s3.get_object(Bucket=bucket, Key="ssec")) in ("InvalidRequest", "400")
assert code(lambda: s3.head_object(Bucket=bucket, Key="ssec", SSECustomerAlgorithm="AES256", SSECustomerKey=os.urandom(32))) in ("AccessDenied", "403")
assert s3.head_object(Bucket=bucket, Key="ssec", SSECustomerAlgorithm="AES256", SSECustomerKey=key)["ContentLength"] == len(b"customer encrypted")
print("sse-c ok")

s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})
v1 = s3.put_object(Bucket=bucket, Key="v", Body=b"1")["VersionId"]
v2 = s3.put_object(Bucket=bucket, Key="v", Body=b"2")["VersionId"]
versions = s3.list_object_versions(Bucket=bucket, Prefix="v")["Versions"]
assert [v["VersionId"] for v in versions] == [v2, v1], versions
assert s3.get_object(Bucket=bucket, Key="v", VersionId=v1)["Body"].read() == b"1"
print("versioning ok")

s3.put_object_tagging(Bucket=bucket, Key="hello.txt", Tagging={"TagSet": [{"Key": "k", "Value": "v"}]})
assert s3.get_object_tagging(Bucket=bucket, Key="hello.txt")["TagSet"] == [{"Key": "k", "Value": "v"}]
print("tagging ok")

s3.copy_object(Bucket=bucket, Key="copy.txt", CopySource={"Bucket": bucket, "Key": "hello.txt"})
assert s3.get_object(Bucket=bucket, Key="copy.txt")["Body"].read() == b"hello from boto3"
print("copy ok")

url = s3.generate_presigned_url("get_object", Params={"Bucket": bucket, "Key": "hello.txt"}, ExpiresIn=300)
assert urllib.request.urlopen(url).read() == b"hello from boto3"
print("presign ok")

for i in range(30):
    s3.put_object(Bucket=bucket, Key=f"many/{i:03}", Body=b"")
keys = []
for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix="many/", PaginationConfig={"PageSize": 7}):
    keys += [o["Key"] for o in page.get("Contents", [])]
assert keys == [f"many/{i:03}" for i in range(30)], keys
print("paginate ok")

deleted = s3.delete_objects(Bucket=bucket, Delete={"Objects": [{"Key": k} for k in keys]})
assert len(deleted["Deleted"]) == 30
print("delete_objects ok")
print("boto3 ok")
