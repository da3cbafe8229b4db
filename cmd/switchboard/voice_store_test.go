package main

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/switchboard/switchboard/integrations/blob"
)

func TestRecordingStoreIsADirectoryOrAnS3Bucket(t *testing.T) {
	t.Parallel()
	store, err := recordingStore("/var/recordings", "")
	require.NoError(t, err)
	require.Equal(t, blob.Dir{Root: "/var/recordings"}, store)

	store, err = recordingStore("/tmp/spool", "s3+https://AK:SK@s3.eu-west-1.amazonaws.com/calls?region=eu-west-1")
	require.NoError(t, err)
	require.IsType(t, &blob.S3{}, store)

	_, err = recordingStore("/tmp/spool", "s3+https://s3.eu-west-1.amazonaws.com/calls")
	require.ErrorContains(t, err, "recording-s3")
}
