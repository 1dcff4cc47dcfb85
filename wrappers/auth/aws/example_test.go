package aws_test

import (
	"context"
	"log"

	"github.com/govault/govault/wrappers"
	"github.com/govault/govault/wrappers/auth/aws"
)

// IAM login with fixed keys; in practice pass the Credentials of
// config.LoadDefaultConfig (github.com/aws/aws-sdk-go-v2/config).
func ExampleIAM() {
	client, err := wrappers.NewClient()
	if err != nil {
		log.Fatal(err)
	}
	_, err = client.Login(context.Background(), aws.IAM{
		Role:        "dev",
		Credentials: aws.StaticCredentials("AKIA...", "secret", ""),
		ServerID:    "vault.example.com", // the mount's iam_server_id_header_value
	})
	if err != nil {
		log.Fatal(err)
	}
}
